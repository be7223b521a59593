// How far and how fast one event got, as the admin API answers it (src/LiveWire.Core/Delivery/DeliveryReport.cs):
// the console's reach line reads one, the dashboard's reach table the latest.

/** Latency percentiles in milliseconds (all 0 while nothing was measured). */
export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** `GET /api/topics/{topic}/events/{seq}/delivery`: connections the event was written to, acks, and their latency. */
export interface DeliveryReport {
  topic: string;
  seq: number;
  id: string;
  acceptedAt: string;
  committedAt: string;
  fannedOutAt?: string;
  subscribers: number;
  acks: number;
  latencyMs: LatencySummary;
}
