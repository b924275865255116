/** The Account page's route, for App.tsx's <CustomRoutes> and the user menu. */
export const ACCOUNT_PATH = '/account';
