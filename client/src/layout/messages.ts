/**
 * The layout's strings (app bar, navigation), merged into i18n/en.ts and i18n/ru.ts. Both trees
 * have exactly the same keys (i18n/messages.test.ts checks it).
 */
export const en = {
  haven: {
    layout: {
      // The user menu's button shows the person's name: its accessible name starts with it.
      user_menu: '%{name}, account menu',
      user_menu_anonymous: 'Account menu',
    },
  },
};

export const ru: typeof en = {
  haven: {
    layout: {
      user_menu: '%{name}, меню учётной записи',
      user_menu_anonymous: 'Меню учётной записи',
    },
  },
};
