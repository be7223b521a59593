// The widget as an ES module (@livewire/widget's "import" entry), for sites that bundle their own scripts: nothing
// mounts by itself and no global is set; the site makes one client per server and subscribes through it.
//
//   import { LiveWireClient } from "@livewire/widget";
//   const live = new LiveWireClient("https://live.example");
//   live.subscribe("ukraine-crisis", (event) => { ... }, { onState: (state) => { ... } });
import type * as Published from "../index.js";
import { LiveWireClient as Client } from "../shared/client.js";

/** Typed as index.d.ts publishes it, so the type-check fails when the package's types no longer describe the class. */
export const LiveWireClient: typeof Published.LiveWireClient = Client;
