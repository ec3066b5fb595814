// One presenter per entity: how a stored record becomes what clients see (the shared response types).
export { presentUser } from './userPresenter';
export { presentProfile } from './profilePresenter';
export { presentRoom, presentRoomMember } from './roomPresenter';
export { presentMessage } from './messagePresenter';
export { presentThread, presentReply } from './threadPresenter';
export { presentNotebook, presentNotebookMember } from './notebookPresenter';
export { presentVersion } from './versionPresenter';
export { presentNotification } from './notificationPresenter';
