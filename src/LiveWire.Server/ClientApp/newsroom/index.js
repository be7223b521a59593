// The newsroom console (served as /newsroom.js).
document.documentElement.dataset.console = "loading";
