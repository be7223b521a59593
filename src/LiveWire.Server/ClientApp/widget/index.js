// The embeddable widget (served as /livewire.js). Filled in by the widget modules.
import * as signalR from "@microsoft/signalr";

window.LiveWire = window.LiveWire || { version: 1, signalR: signalR.VERSION };
