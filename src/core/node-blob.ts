/** For Node only: tus-js-client's `fileReader` for a Blob or File, read slice by slice (its Node entry reads Buffers and streams). */
export const blobReader = {
  openFile: async (blob: Blob) => ({
    size: blob.size,
    async slice(start: number, end: number) {
      const value = Object.assign(new Uint8Array(await blob.slice(start, end).arrayBuffer()), { size: 0 });
      value.size = value.length;
      return { value, done: end >= blob.size };
    },
    close() {},
  }),
};
