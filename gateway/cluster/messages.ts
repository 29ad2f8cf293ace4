/** Longest wait for the other workers to confirm an invalidation; a hung worker must not hold writes. */
export const ACK_TIMEOUT_MS = 2000;

/** What the primary and the workers tell each other over the cluster's IPC channel. */
export type ClusterMessage =
  | { type: 'hub:ready'; url: string }
  /** worker → primary: "I answered a mutation"; primary → worker: "empty your cache". */
  | { type: 'hub:invalidate'; id: number }
  /** worker → primary: "emptied". */
  | { type: 'hub:invalidated'; id: number }
  /** primary → worker: "every other worker has emptied its cache". */
  | { type: 'hub:invalidate-done'; id: number };

export function isClusterMessage(message: unknown): message is ClusterMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    'type' in message &&
    typeof message.type === 'string' &&
    message.type.startsWith('hub:')
  );
}
