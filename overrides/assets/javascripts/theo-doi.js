// The copy buttons of theo-doi/ (overrides/theo-doi.html). Without this script the addresses stay in
// read-only boxes that can be selected and copied by hand; the buttons are hidden until it runs.
// The messages are the template's (data-done, data-failed), as every text a reader sees.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const input = document.getElementById(button.dataset.copy);
  const status = button.closest(".cchc-feed__address")?.querySelector(".cchc-feed__copied");
  button.hidden = false;
  button.addEventListener("click", async () => {
    input.select();
    let copied = false;
    try {
      await navigator.clipboard.writeText(input.value);
      copied = true;
    } catch {
      copied = document.execCommand("copy"); // older browsers, or a page not served over https
    }
    if (status) status.textContent = copied ? status.dataset.done : status.dataset.failed;
  });
}
