/**
 * The names that tie the frontend to its Lime package (`lime-package/`). The web client serves the package's
 * frontend under `static/<package name>/…`, creates the element `lwc-<package name>-loader` once, and finds
 * texts by `<module>.<key>`; so these must match the Python package's names.
 */

/** The Lime package (the distribution name of the Python package). */
export const PACKAGE_NAME = 'limepkg-userlike-relay';

/** The Python module; translation keys are `<module>.<key>`. */
export const MODULE_NAME = 'limepkg_userlike_relay';

/** The Stencil-style namespace the build emits: `<namespace>/<namespace>.esm.js`. */
export const NAMESPACE = `${PACKAGE_NAME}-lwc-components`;

/** Every element of the package. */
export const TAG = {
    loader: `lwc-${PACKAGE_NAME}-loader`,
    conversations: `lwc-${PACKAGE_NAME}-conversations`,
    conversationRow: `lwc-${PACKAGE_NAME}-conversation-row`,
    connectDialog: `lwc-${PACKAGE_NAME}-connect-dialog`,
} as const;

/**
 * Dispatched on `document` after a conversation was connected, whoever opened the prompt, so a
 * conversations view of the same object shows it at once. `detail` is a {@link ConversationConnectedDetail}.
 */
export const CONNECTED_EVENT = `${MODULE_NAME}.conversation-connected`;
