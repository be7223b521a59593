(()=>{var e="10.0.11";window.LiveWire=window.LiveWire||{version:1,signalR:e};})();
