import type { FastifyInstance } from 'fastify';

/** What a gateway process that is one worker of a cluster gets from the cluster (worker.ts). */
export interface ClusterMembership {
  workerId: number;
  /** Resolves once every other worker has emptied its response cache (or could not be reached). */
  invalidateOtherWorkers(): Promise<void>;
}

/** Which worker answered, on every answer: for operators and the cluster tests. */
export function tagAnswersWithWorker(app: FastifyInstance, cluster: ClusterMembership): void {
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('x-hub-worker', String(cluster.workerId));
  });
}
