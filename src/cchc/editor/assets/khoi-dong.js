// Decap CMS starts itself as soon as it is loaded; bien-tap.js starts it once the project's widget is registered.
window.CMS_MANUAL_INIT = true;
// No sign-in: the editor writes the files of this machine's working copy through `cchc serve`, which
// answers a browser of this machine only. Decap keeps its signed-in user here; a proxy user needs no token.
if (!window.localStorage.getItem("decap-cms-user")) {
  window.localStorage.setItem("decap-cms-user", JSON.stringify({ backendName: "proxy" }));
}
