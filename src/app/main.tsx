import { render } from 'preact';
import { buildRoots } from './roots.ts';

// Placeholder until the desk screens land: shows which keys this build trusts.
function App() {
  return (
    <main>
      <h1>Kaiku Desk</h1>
      {buildRoots.demo && (
        <p role="alert" data-testid="banner" data-kind="demo-keys">
          Demo keys: this build trusts the published demo root. Not for real cards.
        </p>
      )}
    </main>
  );
}

render(<App />, document.getElementById('app')!);
