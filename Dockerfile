# handoverd as a container: a static binary (no cgo) on distroless, as a
# non-root user. docs/operations.md says how to run it.
#
#   docker build -t handoverd .
#   docker run -p 7457:7457 -v $PWD/deploy/handover.ini:/etc/handover/handover.ini:ro handoverd
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/handoverd ./server/cmd/handoverd \
 && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/handover ./client/cmd/handover \
 && mkdir -p /out/data

# static: no libc, no shell, no package manager; nonroot is uid 65532.
# Repositories given by URL are cloned with go-git, so no git binary is
# needed (blame uses go-git's file versions then).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/handoverd /out/handover /usr/local/bin/
COPY --from=build --chown=65532:65532 /out/data /var/lib/handover
USER 65532:65532
WORKDIR /var/lib/handover
EXPOSE 7457 9457
VOLUME /var/lib/handover
ENTRYPOINT ["/usr/local/bin/handoverd", "--config", "/etc/handover/handover.ini", "--data", "/var/lib/handover"]
