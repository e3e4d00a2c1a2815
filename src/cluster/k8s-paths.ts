// Where things are inside the pods of `rnnlab k8s`: rnnlab in the image, the data volume, the corpus on it.

/** Where the image has rnnlab (the Dockerfile in docs/cluster.md copies the project there and builds it). */
export const IMAGE_RNNLAB_DIR = '/opt/rnnlab';
/** Where the data volume is mounted: the working directory of every pod, so runs/ lands on the volume. */
export const DATA_MOUNT = '/data';
/** The corpus on the data volume, fetched there once by the corpus Job. */
export const CORPUS_ON_VOLUME = `${DATA_MOUNT}/corpus/grimm`;
