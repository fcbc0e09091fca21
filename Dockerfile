# BatchLab's self-contained release on Debian 12 slim: no .NET SDK or runtime in the image.
# Build the release folder first, then the image (docs/packaging.md, docs/cluster.md):
#
#   dotnet publish src/BatchLab.Cli -c Release -r linux-x64 --self-contained -o artifacts/batchlab-linux-x64
#   docker build -t batchlab:$(artifacts/batchlab-linux-x64/BatchLab.Cli --version | tr + -) .
#
# Only the release folder is sent to the builder (.dockerignore). The libLibTorchSharp.so in it is
# already patched to load on Debian 12's libstdc++ (DESIGN.md, build/TorchSharpNativeFix.targets).
FROM debian:12-slim

# libssl3: TLS to PostgreSQL (sslmode=require); ca-certificates: to verify the server; zlib1g and
# libstdc++6 for .NET and libtorch (libtorch brings its own OpenMP). Globalization is invariant, so no ICU.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 zlib1g libstdc++6 tzdata \
 && rm -rf /var/lib/apt/lists/*

COPY artifacts/batchlab-linux-x64/ /opt/batchlab/
RUN ln -s /opt/batchlab/BatchLab.Cli /usr/local/bin/batchlab \
 && useradd --create-home --uid 1000 batchlab \
 && mkdir -p /data && chown batchlab /data

# Data sets are read from (and fetched into) /data: mount a volume or a prepared cache there.
ENV BATCHLAB_DATA=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER batchlab
WORKDIR /home/batchlab
ENTRYPOINT ["batchlab"]
CMD ["doctor"]
