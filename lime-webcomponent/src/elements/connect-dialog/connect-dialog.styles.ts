import { css } from 'lit';

// Lime's CSS variables first, lime-elements' theme variables as fallback, so the prompt follows the host.
export const styles = css`
    :host {
        display: contents;
    }
    limel-dialog {
        --dialog-width: min(34rem, calc(100vw - 2rem));
    }
    .text {
        margin-top: 0;
    }
    limel-input-field {
        display: block;
    }
    .messages {
        margin-top: 0.5rem;
    }
    .message {
        margin: 0.25rem 0 0;
        color: var(--limel-theme-error-text-color, rgb(185, 28, 28));
    }
    a {
        color: var(--lime-primary-color, var(--limel-theme-primary-color, rgb(0, 94, 160)));
    }
`;
