// A topic's name as the console checks it before opening one: the server's rule (src/LiveWire.Core/Topics/TopicName.cs).
import { ProblemError } from "./api.js";

const TOPIC_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Throws, as the API would answer, when `name` is no topic name. */
export function checkTopicName(name: string): void {
  if (!TOPIC_PATTERN.test(name)) {
    throw new ProblemError(400, { errors: { topic: ["1 to 64 characters of a-z, 0-9 and '-', not starting or ending with '-'."] } });
  }
}
