# syntax=docker/dockerfile:1
# Haven: build the three workspaces, then run the compiled server with only production dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci --no-audit --no-fund
COPY shared shared
COPY server server
COPY client client
COPY migrations migrations
# The client's build compresses its assets with scripts/compress-assets.mjs.
COPY scripts/compress-assets.mjs scripts/
RUN npm run build

FROM node:20-bookworm-slim AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund -w server -w shared --include-workspace-root=false

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 HAVEN_DEMO=0
WORKDIR /app
COPY --from=production-deps /app/node_modules node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/shared/package.json shared/
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/client/dist client/dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# DATABASE_URL, HAVEN_SECRET and HAVEN_ENCRYPTION_KEY are required in this image (no embedded database).
CMD ["node", "--max-old-space-size=160", "server/dist/server/src/main.js"]
