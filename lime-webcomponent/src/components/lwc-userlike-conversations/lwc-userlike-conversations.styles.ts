import { css } from 'lit';

// Lime CSS variables first, lime-elements theme variables as fallback (lime-elements src/theming.md),
// so the tab follows the host's theme. No BEM inside shadow DOM.
export const styles = css`
    :host {
        display: block;
        font-family: inherit;
        color: var(--lime-on-surface-color, var(--limel-theme-on-surface-color, rgb(38, 38, 38)));
        padding: 0.75rem;
    }
    header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 1rem;
        margin-bottom: 0.75rem;
    }
    h2 {
        font-size: 1rem;
        font-weight: 600;
        margin: 0;
    }
    .state {
        padding: 1rem 0;
        color: var(--limel-theme-text-secondary-on-background-color, rgb(90, 90, 90));
    }
    .state.error {
        color: var(--limel-theme-error-text-color, rgb(185, 28, 28));
        display: flex;
        align-items: center;
        gap: 1rem;
        flex-wrap: wrap;
    }
    .connected {
        margin: 0 0 0.75rem;
        padding: 0.5rem 0.75rem;
        border-radius: 0.5rem;
        background: var(--lime-success-background-color, rgba(34, 139, 34, 0.1));
    }
    ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
    }
    li.conversation {
        border: 1px solid var(--limel-theme-surface-border-color, rgba(0, 0, 0, 0.12));
        border-radius: 0.5rem;
        padding: 0.625rem 0.75rem;
        background: var(--limel-theme-surface-background-color, white);
    }
    .conversation-header {
        display: flex;
        align-items: baseline;
        justify-content: space-between;
        gap: 1rem;
        flex-wrap: wrap;
    }
    h3 {
        font-size: 0.9375rem;
        font-weight: 600;
        margin: 0;
    }
    dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.125rem 0.75rem;
        margin: 0.375rem 0;
        font-size: 0.875rem;
    }
    dt {
        color: var(--limel-theme-text-secondary-on-background-color, rgb(90, 90, 90));
    }
    dd {
        margin: 0;
    }
    h4 {
        font-size: 0.8125rem;
        font-weight: 600;
        margin: 0.5rem 0 0.25rem;
    }
    .notes {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        font-size: 0.875rem;
    }
    .muted {
        color: var(--limel-theme-text-secondary-on-background-color, rgb(90, 90, 90));
        font-size: 0.875rem;
        margin: 0;
    }
    a {
        color: var(--lime-primary-color, var(--limel-theme-primary-color, rgb(0, 94, 160)));
    }
    a:focus-visible {
        outline: 2px solid
            var(--lime-primary-color, var(--limel-theme-primary-color, rgb(0, 94, 160)));
        outline-offset: 2px;
        border-radius: 2px;
    }
    .dialog-text {
        margin-top: 0;
        max-width: 32rem;
    }
    .dialog-message {
        margin: 0.75rem 0 0;
        color: var(--limel-theme-error-text-color, rgb(185, 28, 28));
        max-width: 32rem;
    }
    .visually-hidden {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
    }
`;
