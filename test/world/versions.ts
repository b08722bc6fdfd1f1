/** The pinned versions of the test world, in one place. */

/** Kubernetes version built from the Go module proxy when KUBEBUILDER_ASSETS is not set. */
export const KUBERNETES_VERSION = 'v1.34.4';
/** etcd is built at the version k8s.io/kubernetes pins (3.6.x for 1.34): see build-assets.sh. */
export const ETCD_MAJOR_MINOR = '3.6';
/** The moto release installed into .venv when no moto 5.x is on the machine. */
export const MOTO_VERSION = '5.2.1';
