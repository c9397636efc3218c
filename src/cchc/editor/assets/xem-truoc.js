// Only in `cchc serve` (the Git server's copy goes without this file): no sign-in. The editor writes the
// files of this machine's working copy through the preview, which answers a browser of this machine only.
// Decap keeps its signed-in user here; the proxy's user needs no token.
if (!window.localStorage.getItem("decap-cms-user")) {
  window.localStorage.setItem("decap-cms-user", JSON.stringify({ backendName: "proxy" }));
}
