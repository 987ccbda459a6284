import { css } from 'lit';

// Lime's CSS variables first, lime-elements' theme variables as fallback, so the list follows the host's
// theme. No BEM inside shadow DOM.
export const styles = css`
    :host {
        display: block;
        font-family: inherit;
        color: var(--lime-on-surface-color, var(--limel-theme-on-surface-color, rgb(38, 38, 38)));
        padding: 0.5rem 0.75rem;
    }
    header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 1rem;
        margin-bottom: 0.25rem;
    }
    h2 {
        font-size: 1rem;
        font-weight: 600;
        margin: 0;
    }
    .state {
        padding: 0.75rem 0;
        margin: 0;
        color: var(--limel-theme-text-secondary-on-background-color, rgb(90, 90, 90));
    }
    .state.error {
        color: var(--limel-theme-error-text-color, rgb(185, 28, 28));
        display: flex;
        align-items: center;
        gap: 1rem;
        flex-wrap: wrap;
    }
    .list {
        list-style: none;
        margin: 0 0 0.25rem;
        padding: 0;
    }
    .list > li + li {
        border-top: 1px solid var(--limel-theme-surface-border-color, rgba(0, 0, 0, 0.08));
    }
`;
