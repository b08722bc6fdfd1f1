/**
 * `spec.deletionPolicy`, the same choice for every kind: what deleting the object does to what it
 * made in AWS. `Delete` removes it (an EcsService's service, an EcsTaskDefinition's revisions);
 * `Retain` leaves it in AWS and only lets the object go.
 */
export type DeletionPolicy = 'Delete' | 'Retain';
