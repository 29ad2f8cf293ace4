/**
 * Monaco's web workers, served by the gateway from the bundle (web/build.ts builds them next to
 * the page's script): nothing is fetched from a CDN. Must be imported before GraphiQL starts Monaco.
 */
const WORKERS: Record<string, string> = {
  json: 'json.worker.js',
  graphql: 'graphql.worker.js',
};

// Window.MonacoEnvironment is declared by monaco-editor's types.
window.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    const file = WORKERS[label] ?? 'editor.worker.js';
    return new Worker(new URL(`assets/workers/${file}`, document.baseURI), { name: label });
  },
};

export {};
