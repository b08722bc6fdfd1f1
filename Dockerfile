# syntax=docker/dockerfile:1
# ecs-bridge: the operator image. Build from the repository root:
#   docker build -t <registry>/ecs-bridge:<tag> .
# Two stages: a build stage with the dev dependencies compiles TypeScript to dist/ and bundles it
# (dist/bundle/, which bin/ecs-bridge.js runs: ADR 0056); the runtime stage holds only production
# dependencies, dist/, bin/ and the CRDs, and runs as a non-root user.
# The image runs the Node that every test runs on: the version in .nvmrc (a unit test,
# scripts/toolchain.test.ts, fails when the two differ). For a reproducible build, pin the base by
# digest as well; find it with `docker buildx imagetools inspect node:24.22.3-bookworm-slim` and build
# with `--build-arg NODE_IMAGE=node:24.22.3-bookworm-slim@sha256:<digest>`.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json .nvmrc ./
# `npm run build` runs tsc and then the bundler through scripts/use-node.sh, which finds this
# image's Node to be .nvmrc's and fetches nothing.
COPY scripts/use-node.sh scripts/bundle.ts ./scripts/
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# package.json's version (scripts/release.test.ts checks the default); the release workflow passes it.
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="ecs-bridge" \
      org.opencontainers.image.description="A Kubernetes operator that manages Amazon ECS task definitions, services and their autoscaling." \
      org.opencontainers.image.source="https://github.com/ecs-bridge/ecs-bridge" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency needs an install script, and none should run in the image.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY crds ./crds
# jemalloc instead of glibc's malloc (ADR 0061): at 5,000 pairs a 248 MiB peak against 274, and
# no CPU cost that showed. Debian's package, linked to one path whatever the architecture;
# bench/lib/jemalloc.ts fetches the same version (a test keeps the two equal). MALLOC_CONF: two
# arenas (the operator allocates from one thread, V8's few helpers from others) and unused pages
# returned within a second. A Deployment that sets LD_PRELOAD to "" runs on glibc's malloc.
ARG JEMALLOC_VERSION=5.3.0-1
RUN apt-get update \
  && apt-get install -y --no-install-recommends "libjemalloc2=${JEMALLOC_VERSION}" \
  && rm -rf /var/lib/apt/lists/* \
  && ln -s "$(dpkg -L libjemalloc2 | grep '/libjemalloc.so.2$')" /usr/local/lib/libjemalloc.so.2
ENV LD_PRELOAD=/usr/local/lib/libjemalloc.so.2 \
    MALLOC_CONF=narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0
# The image's `node` user (uid 1000), by number so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["node", "bin/ecs-bridge.js"]
CMD ["run"]
