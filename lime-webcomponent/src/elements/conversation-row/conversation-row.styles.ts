import { css } from 'lit';

// Lime's CSS variables first, lime-elements' theme variables as fallback, so the row follows the host's
// theme. A compact row, like the lines of Lime's own relation lists.
export const styles = css`
    :host {
        display: block;
    }
    .row {
        display: flex;
        align-items: flex-start;
        gap: 0.5rem;
        padding: 0.375rem 0.5rem;
        border-radius: 0.375rem;
    }
    .row:hover {
        background: var(--lime-hover-background-color, rgba(0, 0, 0, 0.04));
    }
    .icon {
        flex: none;
        margin-top: 0.125rem;
        color: var(--limel-theme-text-secondary-on-background-color, rgb(90, 90, 90));
    }
    .body {
        flex: 1;
        min-width: 0;
    }
    .line {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.125rem 0.75rem;
    }
    .title {
        font-weight: 600;
    }
    .muted {
        color: var(--limel-theme-text-secondary-on-background-color, rgb(90, 90, 90));
        font-size: 0.875rem;
    }
    .notes {
        display: flex;
        flex-wrap: wrap;
        gap: 0 0.75rem;
        list-style: none;
        margin: 0.125rem 0 0;
        padding: 0;
        font-size: 0.8125rem;
    }
    .notes-error {
        margin: 0.125rem 0 0;
        font-size: 0.8125rem;
    }
    a {
        color: var(--lime-primary-color, var(--limel-theme-primary-color, rgb(0, 94, 160)));
        text-decoration: none;
    }
    a:hover {
        text-decoration: underline;
    }
    a:focus-visible {
        outline: 2px solid
            var(--lime-primary-color, var(--limel-theme-primary-color, rgb(0, 94, 160)));
        outline-offset: 2px;
        border-radius: 2px;
    }
    .external {
        flex: none;
        display: inline-flex;
        width: 1.5rem;
        height: 1.5rem;
        align-items: center;
        justify-content: center;
    }
    .external svg {
        display: block;
    }
`;
