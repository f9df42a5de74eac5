// Security keys and passkeys (WebAuthn). The server renders the options into the button's
// data attribute; this asks the browser for a credential and posts its JSON with the form.
// Shown only where the browser supports it: people can always use a code instead.
function supported() {
  return (
    typeof window.PublicKeyCredential === "function" &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function"
  );
}

export function initSecurityKeys(root) {
  if (!supported()) return;
  for (const wrapper of root.querySelectorAll("[data-webauthn-wrapper]")) wrapper.hidden = false;
  for (const button of root.querySelectorAll("[data-webauthn]")) {
    const problem = document.getElementById(button.dataset.webauthnError || "");
    button.addEventListener("click", async () => {
      if (problem) problem.hidden = true;
      const options = JSON.parse(button.dataset.webauthnOptions);
      try {
        const credential =
          button.dataset.webauthn === "create"
            ? await navigator.credentials.create({
                publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options),
              })
            : await navigator.credentials.get({
                publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options),
              });
        const form = button.form;
        form.elements.webauthn_response.value = JSON.stringify(credential.toJSON());
        form.submit();
      } catch {
        if (problem) {
          problem.hidden = false;
          problem.focus();
        }
      }
    });
  }
}

initSecurityKeys(document);
