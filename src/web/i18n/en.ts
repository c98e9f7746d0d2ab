/**
 * English UI strings: the reference set. Every other language must translate every key
 * (`Messages` below is what they are checked against). `{name}` marks a parameter.
 */
export const en = {
  'app.name': 'confab',
  'app.tagline': 'Video meetings, peer to peer. Nothing to install, nobody in the middle.',
  'language.label': 'Language',

  'home.title': 'Meet in your browser',
  'home.newMeeting': 'New meeting',
  'home.joinLabel': 'Meeting name or link',
  'home.joinPlaceholder': 'e.g. weekly-sync or a pasted link',
  'home.join': 'Join meeting',
  'home.invalidRoom': 'That is not a meeting link or name. Names use letters, digits, - and _.',
  'home.point.private': 'Audio, video and chat go straight between participants.',
  'home.point.small': 'Best for small groups: up to {count} people.',
  'home.point.selfHosted': 'Runs on your own server.',

  'prejoin.title': 'Ready to join?',
  'prejoin.room': 'Meeting: {room}',
  'prejoin.name': 'Your name',
  'prejoin.namePlaceholder': 'How others will see you',
  'prejoin.join': 'Join',
  'prejoin.camera': 'Camera',
  'prejoin.microphone': 'Microphone',
  'prejoin.speaker': 'Speaker',
  'prejoin.deviceDefault': 'Default',
  'prejoin.deviceNone': 'None found',
  'prejoin.level': 'Microphone level',
  'prejoin.cameraOff': 'Camera is off',
  'prejoin.starting': 'Starting camera…',
  'prejoin.back': 'Back to home',

  'media.denied':
    'Camera and microphone are blocked. Allow them in your browser’s site settings and reload, or join to listen and watch.',
  'media.cameraDenied':
    'Camera access was denied. Allow it in your browser’s site settings, or join without video.',
  'media.noDevices': 'No camera or microphone found. You can still join to listen and watch.',
  'media.noCamera': 'No camera found. You will join with audio only.',
  'media.noMicrophone': 'No microphone found. Others will not hear you.',
  'media.busy': 'Your camera or microphone is in use by another application.',
  'media.insecure':
    'This page is not served over HTTPS, so the browser offers no camera or microphone. You can still join to listen and watch.',
  'media.failed': 'Could not start camera or microphone ({detail}).',

  'control.micOff': 'Mute microphone',
  'control.micOn': 'Unmute microphone',
  'control.cameraOff': 'Turn off camera',
  'control.cameraOn': 'Turn on camera',
  'control.shareStart': 'Share screen',
  'control.shareStop': 'Stop sharing',
  'control.chat': 'Chat',
  'control.chatUnread': 'Chat, {count} unread',
  'control.participants': 'Participants',
  'control.invite': 'Copy invite link',
  'control.leave': 'Leave',
  'control.close': 'Close',
  'controls.label': 'Meeting controls',

  'meeting.you': 'You',
  'meeting.youName': '{name} (you)',
  'meeting.screenOf': '{name}’s screen',
  'meeting.yourScreen': 'Your screen',
  'meeting.alone': 'You are the only one here. Share the invite link to bring others in.',
  'meeting.copied': 'Invite link copied',
  'meeting.copyFailed': 'Copy this link to invite others: {link}',
  'meeting.micOffIcon': 'Microphone off',
  'meeting.cameraOffIcon': 'Camera off',
  'meeting.joinedToast': '{name} joined',
  'meeting.leftToast': '{name} left',
  'meeting.shareFailed': 'Screen sharing did not start ({detail}).',
  'meeting.deviceFailed': 'Could not switch the device on ({detail}).',

  'banner.reconnecting':
    'Connection to the server lost. Reconnecting… Your calls continue meanwhile.',
  'banner.serverRestarting': 'The server is restarting. Reconnecting…',
  'banner.meshLarge':
    'This meeting has {count} people. Peer-to-peer meetings work best with up to {limit}: video may stutter.',
  'banner.mediaServerLost': 'The media server was lost; reconnecting…',

  'path.mesh': 'Peer to peer · encrypted end to end',
  'path.sfu': 'Through this server’s media relay',
  'path.label': 'How audio and video travel',

  'state.connecting': 'Connecting…',
  'state.connected': 'Connected',
  'state.reconnecting': 'Reconnecting…',
  'state.failed': 'Connection failed',
  'state.closed': 'Disconnected',
  'state.unsupported': 'Can’t connect',

  'badge.label': 'Connection to {name}',
  'badge.details': 'Connection: {local} → {remote}, {protocol}',
  'hint.reconnecting': 'reconnecting…',
  'hint.failedNoTurn': 'connection failed: no TURN server configured',
  'hint.failedTurn': 'connection failed: not even the TURN relay got through',
  'hint.relayTcpLocal': 'relayed over TCP: your network blocks UDP',
  'hint.isolated': 'relayed: your network keeps devices apart',
  'hint.tcpDirect': 'direct over TCP: UDP seems blocked',
  'hint.highRtt': 'high delay ({ms} ms): expect talking over each other',
  'hint.noMedia': 'nothing arriving from this participant',
  'hint.slowConnecting': 'still connecting: no TURN server configured',
  'hint.unsupported': 'can’t connect: their browser cannot do video calls',
  'hint.noPeerConnection': 'can’t connect: this browser could not open another connection',
  'hint.remoteNoPeerConnection': 'can’t connect: their browser could not open a connection',

  'chat.title': 'Chat',
  'chat.empty': 'No messages yet.',
  'chat.input': 'Message',
  'chat.placeholder': 'Send a message to everyone',
  'chat.send': 'Send',
  'chat.notDelivered': 'Nobody else is here to receive it.',

  'people.title': 'Participants ({count})',

  'end.left': 'You left the meeting',
  'end.rejoin': 'Rejoin',
  'end.home': 'Back to home',
  'end.roomFull': 'This meeting is full',
  'end.roomFullDetail': 'It has reached the most participants the server allows. Try again later.',
  'end.unauthorized': 'You are not allowed into this meeting',
  'end.unauthorizedDetail':
    'The server requires an invitation. Ask the organiser for a fresh link; links with a token expire.',
  'end.serverGone': 'The server went away',
  'end.serverGoneDetail': 'It shut down and did not come back in time.',
  'end.connectionFailed': 'Could not reach the server',
  'end.connectionFailedDetail': 'Check your network connection and try again.',
  'end.error': 'The meeting ended unexpectedly',
  'end.errorDetail': 'Reason: {detail}',

  'unsupported.title': 'This browser cannot do video calls',
  'unsupported.detail':
    'Video calls need WebRTC, which this browser lacks or has turned off. Open the link in a current Firefox, Chrome, Edge or Safari.',
  'unsupported.home': 'Back to home',
} as const;

export type MessageKey = keyof typeof en;
/** A complete translation: a missing or extra key fails type-checking. */
export type Messages = Readonly<Record<MessageKey, string>>;
