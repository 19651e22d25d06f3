/** The screens of the window. Navigation is state, not URLs: the window never loads another page. */
export type View =
  | { name: 'loading' }
  | { name: 'onboarding' }
  | { name: 'dashboard' }
  | { name: 'channel'; profileId: string; requestId: string }
  | { name: 'create'; profileId: string | null }
  | { name: 'accounts' }
  | { name: 'activity' }
  | { name: 'settings' };

export type ViewName = View['name'];
