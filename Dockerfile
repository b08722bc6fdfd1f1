# syntax=docker/dockerfile:1
# ecs-bridge: the operator image. Build from the repository root:
#   docker build -t <registry>/ecs-bridge:<tag> .
# Two stages: a build stage with the dev dependencies compiles TypeScript to dist/; the runtime
# stage holds only production dependencies, dist/, bin/ and the CRDs, and runs as a non-root user.
# The code also runs on Node 20 (package.json engines); the image uses the current LTS.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency needs an install script, and none should run in the image.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY crds ./crds
# The image's `node` user (uid 1000), by number so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["node", "bin/ecs-bridge.js"]
CMD ["run"]
