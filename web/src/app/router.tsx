import { createBrowserRouter } from 'react-router';
import { Layout } from './Layout';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [{ index: true, element: <h1>LALALA</h1> }],
  },
]);
