// Decap CMS starts itself as soon as it is loaded; bien-tap.js starts it once the project's widget is registered.
window.CMS_MANUAL_INIT = true;
