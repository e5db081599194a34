// LTI Dynamic Registration ends with the tool telling the LMS, which opened this page in a
// window or a frame, that the registration is done and the page may close.
(window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
