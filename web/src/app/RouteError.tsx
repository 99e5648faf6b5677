import { Link, isRouteErrorResponse, useRouteError } from 'react-router';

/** A route that failed to render shows this, never a blank page. */
export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="page page--narrow">
      <h1>{notFound ? 'Nothing here' : 'Something went wrong'}</h1>
      <p>{notFound ? 'This page does not exist.' : 'The page could not be shown. Try again, or go back home.'}</p>
      <p><Link className="button" to="/">Home</Link></p>
    </div>
  );
}

export function NotFound() {
  return (
    <div className="page page--narrow">
      <h1>Nothing here</h1>
      <p>This page does not exist.</p>
      <p><Link className="button" to="/">Home</Link></p>
    </div>
  );
}
