# One image for every hub service; docker-compose.yml picks the service by its command.

# The explorer and the dashboard are bundled at build time (GraphiQL, Monaco, ECharts are
# build-only dependencies), so the image serves them offline and carries none of the toolchain.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY web ./web
RUN npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY schema ./schema
COPY scripts ./scripts
COPY tsconfig.json ./
# The page sources too: export:query shares their CSV writer.
COPY web ./web
COPY --from=web /app/web/dist ./web/dist
ENV NODE_ENV=production HOST=0.0.0.0
USER node
CMD ["npx", "tsx", "gateway/main.ts"]
