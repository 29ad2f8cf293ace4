import { runStandalone } from '../shared/run-standalone';
import { laenderSubgraph } from './index';

runStandalone(laenderSubgraph).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
