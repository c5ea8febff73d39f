# graph-mock: a local mock of Microsoft Graph for integration tests.
# Every stage takes its base from BASE, so a local check can build on a base image of its own.
ARG BASE=node:24-bookworm-slim

FROM ${BASE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build.ts ./scripts/
COPY src ./src
RUN npm run build

FROM ${BASE}
LABEL org.opencontainers.image.title="graph-mock" \
      org.opencontainers.image.description="A local mock of the Microsoft Graph beta API (Intune Remote Help) for integration tests, with a control API under /_mock" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    HTTPS_PORT=4443 \
    FIXTURES_DIR=/app/fixtures \
    TLS_DIR=/var/lib/graph-mock/tls
WORKDIR /app
# A user of its own (the local check's base has no `node` user); TLS_DIR is where a volume goes.
RUN groupadd --gid 10001 graphmock \
 && useradd --uid 10001 --gid graphmock --home-dir /var/lib/graph-mock --shell /usr/sbin/nologin graphmock \
 && mkdir -p /var/lib/graph-mock/tls \
 && chown -R graphmock:graphmock /var/lib/graph-mock
# dist/server.js carries its dependencies: the final stage needs no node_modules.
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY fixtures ./fixtures
USER graphmock
EXPOSE 4000 4443
# Follows PORT; no curl in slim images, so Node's own fetch. A 5 s interval, as --start-interval
# (Docker 25+) is refused by the buildah of Debian 12 that checks this image here.
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/_mock/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and gets SIGTERM itself; close-with-grace then exits 0.
CMD ["node", "dist/server.js"]
