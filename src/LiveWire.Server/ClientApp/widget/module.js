// The widget as an ES module (@livewire/widget's "import" entry), for sites that bundle their own scripts: nothing
// mounts by itself and no global is set; the site makes one client per server and subscribes through it.
//
//   import { LiveWireClient } from "@livewire/widget";
//   const live = new LiveWireClient("https://live.example");
//   live.subscribe("ukraine-crisis", (event) => { ... }, { onState: (state) => { ... } });
export { LiveWireClient } from "../shared/client.js";
