// Sign-in for every role. The answer sets the HttpOnly session cookie; the page keeps only
// the login, role and name to choose its menus.
import { t } from './i18n.js';
import { post } from './api.js';
import { h, fill, field, form } from './ui.js';
import { setUser, home } from './session.js';

function page(main) {
  const loginField = field({ name: 'login', label: t('login.login'), required: true, attrs: { autocomplete: 'username' } });
  const passwordField = field({ name: 'password', label: t('login.password'), type: 'password', required: true, attrs: { autocomplete: 'current-password' } });
  fill(main, 
    h('h1', {}, t('login.title')),
    h('div', { class: 'card' },
      h('p', {}, t('login.intro')),
      form({
        fields: [loginField, passwordField], submit: t('login.submit'),
        send: (key) => post('/api/v1/sessions', { login: loginField.input.value.trim(), password: passwordField.input.value }, key),
        done: (answer) => { setUser(answer); location.hash = home(answer); },
      })));
  loginField.input.focus();
}

export default { id: 'login', title: 'login.title', routes: { login: page }, nav: [] };
