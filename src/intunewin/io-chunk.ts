// The read size for every streamed file in the packager: large enough for throughput, small
// enough that buffers in flight (read, deflate, cipher, write) stay a few MiB at most.
export const IO_CHUNK_BYTES = 256 * 1024;
