import { notifications } from '@mantine/notifications';

export function notifyError(title: string, message: string): void {
  notifications.show({ color: 'red', title, message, autoClose: 8_000 });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'green', message, autoClose: 3_000 });
}
