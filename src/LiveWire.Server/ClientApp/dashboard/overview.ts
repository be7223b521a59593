// The answer of GET /api/admin/overview (src/LiveWire.Server/Api/OverviewResponse.cs), as JSON: what the dashboard
// shows. Only the fields it reads are declared.
import type { TopicSummary } from "../shared/api.js";
import type { DeliveryReport, LatencySummary } from "../shared/delivery.js";

/** One node as its last heartbeat said (src/LiveWire.Core/Stats/NodeSnapshot.cs). */
export interface NodeSnapshot {
  nodeId: string;
  /** livewire-server or livewire-ingestion. */
  service: string;
  seenAt: string;
  connections: number;
  subscriptions: number;
  eventsPerSecond: number;
  fanOutP50Ms: number;
  fanOutP99Ms: number;
  deliveryP50Ms: number;
  deliveryP99Ms: number;
  ready: boolean;
  /** Its readiness checks by name (redis, rabbitmq, the bus): healthy, degraded or unhealthy. */
  checks?: Record<string, string>;
}

/** Redis, RabbitMQ or the bus, as the answering node's readiness checks see it. */
export interface DependencyHealth {
  name: string;
  /** healthy, degraded, unhealthy, or not-used. */
  status: string;
  description?: string;
}

export interface Overview {
  checkedAt: string;
  nodes: NodeSnapshot[];
  connections: number;
  subscriptions: number;
  busiestTopics: TopicSummary[];
  recentDeliveries: DeliveryReport[];
  eventsPerSecond: number;
  acksPerSecond: number;
  fanOutMs: LatencySummary;
  deliveryMs: LatencySummary;
  dependencies: DependencyHealth[];
}
