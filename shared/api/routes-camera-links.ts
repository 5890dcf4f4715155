import { CameraLinkSchema, type CameraLink } from '../video/camera-links.js';
import { checkedByCore, route, typed } from './define.js';

/** Cameras linked to devices, doors and areas: what their popups, panels and alarms show. */
export const cameraLinkRoutes = {
  'cameraLinks.list': route({ method: 'GET', path: '/camera-links', role: 'operator', summary: 'Every camera link: a device, asset or area and its cameras.', reply: typed<CameraLink[]>('CameraLinkList') }),
  'cameraLinks.set': route({ method: 'PUT', path: '/camera-links', role: 'admin', summary: "Replace one device's, asset's or area's cameras (an empty list removes the link).", body: checkedByCore(CameraLinkSchema), reply: typed<CameraLink>('CameraLink') }),
} as const;
