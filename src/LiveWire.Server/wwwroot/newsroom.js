(()=>{document.documentElement.dataset.console="loading";})();
