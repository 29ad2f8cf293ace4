import { runStandalone } from '../shared/run-standalone';
import { researchSubgraph } from './index';

runStandalone(researchSubgraph).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
