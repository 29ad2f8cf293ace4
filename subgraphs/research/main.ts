// First: traces (when OTEL_* asks for them) need http and pg patched before anything loads them.
import '../shared/platform/tracing';
import { runStandalone } from '../shared/server/run-standalone';
import { researchSubgraph } from './index';

runStandalone(researchSubgraph).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
