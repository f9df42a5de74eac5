// Draws a young person's relationship map (ecomap) with Cytoscape.js from the JSON the page
// carries in <script id="ecomap-data" type="application/json">. The tables on the same page carry
// the same information for keyboard and screen-reader users; the drawing is role="img" with a
// summary label. Quality of tie is shown by line width and dash pattern as well as colour, and the
// trusted adult by shape and label as well as colour.

const EDGE_STYLES = {
  strong: { width: 6, color: "#00703c", style: "solid" },
  weak: { width: 1.5, color: "#505a5f", style: "solid" },
  stressful: { width: 3, color: "#b54a00", style: "dashed", dash: [10, 6] },
  harmful: { width: 4, color: "#d4351c", style: "dashed", dash: [3, 3] },
};

const stylesheet = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "text-wrap": "wrap",
      "text-max-width": "120px",
      "text-valign": "bottom",
      "text-margin-y": 4,
      "font-size": 13,
      "font-family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif",
      color: "#0b0c0c",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": 2,
      width: 34,
      height: 34,
      "background-color": "#f3f2f1",
      "border-width": 2,
      "border-color": "#505a5f",
    },
  },
  {
    selector: "node[group = 'centre']",
    style: {
      width: 64,
      height: 64,
      "background-color": "#1d70b8",
      "border-color": "#0b0c0c",
      "font-weight": "bold",
      "font-size": 14,
    },
  },
  { selector: "node[?trusted]", style: { shape: "star", width: 48, height: 48, "background-color": "#00703c", "border-color": "#0b0c0c", "font-weight": "bold" } },
  { selector: "node[group = 'concern']", style: { shape: "triangle", "background-color": "#d4351c", "border-color": "#0b0c0c" } },
  { selector: "node[group = 'vehicle']", style: { shape: "diamond", "background-color": "#d4351c", "border-color": "#0b0c0c" } },
  { selector: "node[group = 'group']", style: { shape: "hexagon", width: 40 } },
  { selector: "node[group = 'place']", style: { shape: "round-rectangle", width: 56, height: 32 } },
  { selector: "node[feeling = 'safe']", style: { "background-color": "#cce2d8", "border-color": "#00703c", "border-style": "solid", "border-width": 3 } },
  { selector: "node[feeling = 'unsafe']", style: { "background-color": "#f6d7d2", "border-color": "#d4351c", "border-style": "dashed", "border-width": 3 } },
  { selector: "node[feeling = 'mixed']", style: { "background-color": "#fff7bf", "border-color": "#505a5f", "border-style": "dotted", "border-width": 3 } },
  { selector: "edge", style: { "curve-style": "straight" } },
  ...Object.entries(EDGE_STYLES).map(([quality, s]) => ({
    selector: `edge[quality = '${quality}']`,
    style: {
      width: s.width,
      "line-color": s.color,
      "line-style": s.style,
      ...(s.dash ? { "line-dash-pattern": s.dash } : {}),
    },
  })),
];

export function drawEcomap(container, data, cytoscape) {
  const elements = [...data.nodes, ...data.edges];
  const cy = cytoscape({
    container,
    elements,
    style: stylesheet,
    layout: {
      name: "concentric",
      concentric: (node) => (node.data("group") === "centre" ? 2 : 1),
      levelWidth: () => 1,
      minNodeSpacing: 40,
      padding: 24,
      animate: false,
    },
    userZoomingEnabled: false, // the page scrolls with the wheel; the map does not trap it
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  container.dataset.renderedNodes = String(cy.nodes().length);
  container.dataset.renderedEdges = String(cy.edges().length);
  // Names of the trusted adults as drawn, for anyone checking the drawing against the table.
  container.dataset.renderedTrusted = cy
    .nodes("[?trusted]")
    .map((n) => n.data("label").split("\n").pop())
    .join("; ");
  window.addEventListener("resize", () => cy.resize() && cy.fit(undefined, 24));
  return cy;
}

const container = document.getElementById("ecomap");
const source = document.getElementById("ecomap-data");
if (container && source && window.cytoscape) {
  drawEcomap(container, JSON.parse(source.textContent), window.cytoscape);
}
