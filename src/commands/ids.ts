/** The fix commands' ids, as contributed in package.json (no `vscode`: the manifest test reads them). */
export const FIX_COMMANDS = {
  enableVersioning: 's3ReplicationDoctor.enableVersioning',
  repairRole: 's3ReplicationDoctor.repairReplicationRole',
  putReplication: 's3ReplicationDoctor.putReplicationFromEditor',
  fixLiveFinding: 's3ReplicationDoctor.fixLiveFinding',
  objectStatus: 's3ReplicationDoctor.objectReplicationStatus',
  replicateExisting: 's3ReplicationDoctor.replicateExistingObjects',
  replicateFailed: 's3ReplicationDoctor.replicateFailedObjects',
  captureFailures: 's3ReplicationDoctor.captureFailureReasons',
  stopCapture: 's3ReplicationDoctor.stopCapturingFailureReasons',
  enableMetrics: 's3ReplicationDoctor.enableReplicationMetrics',
  allowRoleInDestinationPolicy: 's3ReplicationDoctor.allowRoleInDestinationPolicy',
  grantReplicaKey: 's3ReplicationDoctor.grantReplicaKey',
  enableDestinationVersioning: 's3ReplicationDoctor.enableDestinationVersioning',
  mapAccountToProfile: 's3ReplicationDoctor.mapAccountToProfile',
} as const;
