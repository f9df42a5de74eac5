// Draws the police network map with Cytoscape.js from the JSON the page carries in
// <script id="network-data" type="application/json">, as ecomap.mjs draws a young person's map.
// The tables on the same page carry the same information for keyboard and screen-reader users;
// the drawing is role="img" with a summary label. Kinds differ by shape as well as colour, and
// the number of reports behind a link by its width.

const SHAPES = {
  person: { shape: "triangle", color: "#d4351c", size: 40 },
  child: { shape: "ellipse", color: "#1d70b8", size: 34 },
  vehicle: { shape: "diamond", color: "#f47738", size: 32 },
  phone: { shape: "round-rectangle", color: "#4c2c92", size: 26 },
  handle: { shape: "hexagon", color: "#f499be", size: 28 },
  place: { shape: "round-rectangle", color: "#f3f2f1", size: 44 },
};

const stylesheet = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "text-wrap": "wrap",
      "text-max-width": "140px",
      "text-valign": "bottom",
      "text-margin-y": 4,
      "font-size": 12,
      "font-family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif",
      color: "#0b0c0c",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": 2,
      "border-width": 2,
      "border-color": "#0b0c0c",
    },
  },
  ...Object.entries(SHAPES).map(([group, s]) => ({
    selector: `node[group = '${group}']`,
    style: { shape: s.shape, "background-color": s.color, width: s.size, height: s.size },
  })),
  {
    selector: "edge",
    style: {
      "curve-style": "straight",
      "line-color": "#505a5f",
      width: "mapData(weight, 1, 5, 1.5, 6)",
    },
  },
];

export function drawNetwork(container, data, cytoscape) {
  const cy = cytoscape({
    container,
    elements: [...data.nodes, ...data.edges],
    style: stylesheet,
    layout: { name: "cose", animate: false, padding: 24, nodeRepulsion: () => 9000, randomize: false },
    userZoomingEnabled: false, // the page scrolls with the wheel; the map does not trap it
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  container.dataset.renderedNodes = String(cy.nodes().length);
  container.dataset.renderedEdges = String(cy.edges().length);
  window.addEventListener("resize", () => cy.resize() && cy.fit(undefined, 24));
  return cy;
}

const container = document.getElementById("network");
const source = document.getElementById("network-data");
if (container && source && window.cytoscape) {
  drawNetwork(container, JSON.parse(source.textContent), window.cytoscape);
}
