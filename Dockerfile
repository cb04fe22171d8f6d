# syntax=docker/dockerfile:1

# Build: install everything, compile TypeScript, build the web interface.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lock file lacks the optional native packages of other platforms
# (@swc/core-*, resolver bindings), which `npm ci` refuses; install keeps every locked version.
RUN npm install --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
# The staff web interface, built into dist/web and served at / by the service.
COPY web ./web
RUN npm run build && npm prune --omit=dev

# Run: production dependencies and the build only, as an unprivileged user.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrations run at startup (MIGRATIONS_RUN=true); SIGTERM drains requests and exits 0.
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
