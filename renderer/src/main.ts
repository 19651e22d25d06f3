import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { AppState } from './lib/app-state.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('renderer: #app is missing from index.html');
const app = new AppState(window.webhookTray);
export default mount(App, { target, props: { app } });
void app.start();
