/** The words of login. */
export const login = {
  'login.watchdesk': 'Watchdesk',
  'login.operator': 'Operator',
  'login.password': 'Password',
  'login.logIn': 'Log in',
} as const;
