# Council Actions bot: multi-stage image.
#   docker build -t council-actions .
#   docker run --init -p 3978:3978 -v council-actions-data:/data --env-file .env council-actions
# See docs/deploy.md. Note: this file has not been built on the development machine (no Docker there).
# Node 24 LTS (supported to April 2028): CI runs the whole test suite on it (.ci/run).

# ---- build: compile TypeScript with the devDependencies ----
FROM node:24-slim AS build
WORKDIR /app
# vendor/: the stand-in for restify's unused spdy dependency (package.json "overrides").
COPY package.json package-lock.json ./
COPY vendor ./vendor
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

# ---- runtime: production dependencies only, non-root ----
FROM node:24-slim AS runtime
ENV NODE_ENV=production DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY vendor ./vendor
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY cards ./cards
COPY data/demo ./data/demo
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3978
# slim has no curl: use node's own fetch. PORT defaults to 3978.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/index.js"]
