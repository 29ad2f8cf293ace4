/** How the numbers in BENCHMARKS.md are made; printed under the tables. */
export const METHOD = `
**Processes.** PostgreSQL is the machine's server (\`BENCH_DATABASE_URL\`, a database of its own,
dropped and created for every size). Each of the five subgraphs runs in a Node process of its own
(\`scripts/bench/subgraph-host.ts\`: the same server and pool as \`npm run start:<name>\`, plus a
small control port that reports the subgraph's SQL statement counter). Each gateway runs as a
separate process with \`NODE_ENV=production\` and \`LOG_LEVEL=error\` (ours and Hive Gateway are up
together for the comparison rounds below; a gateway with no load uses no CPU): ours as
\`npm run start:gateway\` runs it (\`node --import tsx gateway/main.ts\`), Hive Gateway as
\`hive-gateway supergraph <artifact> --port … --host 127.0.0.1 --fork 1\`. The load client
(autocannon, and the floor client) runs in the benchmark's own process. Everything shares the same
cores: the load client, the gateway, five subgraphs and PostgreSQL.

**Catalogue.** \`npm run seed -- --synthetic federalMeasures=F,regionalMeasures=R\` with F = R / 100:
deterministic copies of the real measures (real target groups, areas and texts, titled and flagged
as synthetic), spread evenly over the 16 Länder and all 401 Kreise, generated inside PostgreSQL in
parallel chunks. The analytics subgraph then fills its index through our gateway, as it does in
\`npm start\` (its automatic refresh is off during the runs); that gateway process is then stopped
and the measured rows get a fresh one, as Hive Gateway's process never served the refresh.

**Queries.** *headline*: the README's query (\`web/operations/headline.ts\`, \`HEADLINE_QUERY\`) for
\`CHILDREN_AND_YOUTH\` in Krefeld (\`05114\`): federal, laender, research and exchange in one answer.
*wide*: \`coverageMatrix(byLand: true)\` with each cell's target group (federal) and Land
(laender), \`successControlCoverage\` and \`offersPerCapita(level: KREIS)\` with each Kreis
(laender); see \`web/operations/analytics.ts\`. Every request of a run is the same query, anonymous.
The wide query runs up to 50 000 regional measures (\`--wide-max\`): it needs the analytics index,
and filling that through the gateway reads the whole catalogue page by page and writes it again —
about three minutes and 2.5 GB in the analytics process at 500 000 on this machine — and there one
wide answer takes the analytics subgraph's aggregates about ten seconds alone (through Hive Gateway
longer still: in a 10 s round with two connections it gave no answer at all), so each row would
need about a minute. Neither is gateway work; together they would push the run past its time
budget.

**Rounds.** Our gateway (cache off), the floor and Hive Gateway are measured in two alternating
rounds per query — ours, floor, Hive, ours, floor, Hive — of half the run time each, and each row
pools its two rounds' answers (req/s = all answers / both rounds' time; percentiles over all
answers; peaks the higher of the two): a drift on the shared machine during a size's runs then
falls on all three alike rather than on whichever is measured first.

**A row.** The same query, POSTed by autocannon over keep-alive connections (10 for the headline
query; 2 for the wide one, whose answer is hundreds of kB and takes hundreds of milliseconds even
alone): a warm-up that is not counted, then the measured run. req/s = answers / run time. p50 and p99 are nearest-rank
percentiles over every answer's latency as autocannon reports it per response (fractions of a
millisecond; the floor client measures the same way). **errors**: every answer is checked — HTTP
200, no \`"errors"\` in the body, and the \`data\` of the first answer — and of any answer whose size
differs from the first's — equal to our gateway's reference answer taken before the runs; a single wrong answer stops the benchmark
with a non-zero exit, so a table is only written when every row had 0 errors. **SQL/req**:
statements sent by all subgraphs during the measured run divided by the answers. Under load
both gateways merge identical subgraph calls that are in flight at the same time (our
\`SUBGRAPH_DEDUP\`, Hive Gateway's default in-flight deduplication), so SQL/req under load can be
lower than the cost of one query sent alone, which is given per size and is the number that must
stay constant. **peak MB**: VmHWM from \`/proc/<pid>/status\`, reset (\`/proc/<pid>/clear_refs\`)
after the warm-up, so it is the peak of the measured run; with two workers it is the sum of the
primary's and the workers' peaks. **CPU ms/req**: user + system CPU time of the gateway process (with
two workers, the primary and the workers) during the measured run, from \`/proc/<pid>/stat\`,
divided by the answers.

**Our gateway's rows.** *response cache off*: \`RESPONSE_CACHE=off\`, \`SUBGRAPH_DEDUP=on\`,
\`GATEWAY_WORKERS=1\`, and the default \`GATEWAY_HEAP_GROWTH_PERCENT=100\` — the comparison with Hive Gateway and the floor. *response cache on*: the same
with \`RESPONSE_CACHE=on\` (repeated anonymous reads answered from the cache). *GATEWAY_WORKERS=2*:
cache off, two worker processes on the same port. These two extra rows run at the size the targets
are judged at, and so do two more with one connection (the headline query through our gateway and
from the floor): the latency the gateway adds to one query without any queueing. These two run in
three alternating rounds of half the run time each (ours, floor, ours, floor, …), each row pooling
its rounds' answers, so that drift on the shared machine falls on both alike. The overhead
target is judged on these two: under 10 connections our gateway's CPU time competes with the
subgraphs, PostgreSQL and the load client for the same cores, so the p50 difference there is mostly
a queue (it is reported beside the judged one). The growth curve is ours, Hive
Gateway's and the floor's. Every one of our rows has
\`SUBGRAPH_TIMEOUT_MS=60000\` (the default 5 s is a guard against a hung subgraph, not a latency
target; Hive Gateway has no such limit by default) and \`DATABASE_URL\` (the response cache listens
for changes there).

**Hive Gateway** is installed on demand into \`.bench/hive-gateway\` (git-ignored, reused), outside
the project's dependencies. It serves a copy of \`schema/supergraph.graphql\` in which only the
\`join__graph\` URLs point at the benchmark's subgraph ports; everything else is its default.

**The floor** (the same data straight from the subgraphs, the bound no gateway can beat): an
Apollo gateway inside the benchmark runs the query once on the same artifact and records its query
plan (\`experimental_didResolveQueryPlan\`) and the exact body of every subgraph call. The floor
client then replays the plan — Sequence nodes one after another, Parallel nodes at once, each
Fetch node as its recorded body, entity fetches with the very representations the gateway built —
over keep-alive connections to the subgraphs, with the same number of concurrent clients and the
same run time; one plan run counts as one request. Identical subgraph calls in flight at the same
time are sent once and shared, as both gateways do (without that, ten clients sending the same
query would make the floor slower than a deduplicating gateway). Left out is exactly a gateway's own work:
parsing and validating the query, planning, building representations, merging and serialising the
answer, and one HTTP hop.

**\`npm start\` to ready**: \`npm start\` spawned as a developer runs it (its prestart builds the
explorer and the dashboard) with a fresh data folder on free ports, timed from the spawn to the
"Integration hub ready" line, then stopped with SIGINT to its process group (Ctrl-C); in the full
run a second start with the same folder follows.
`;
